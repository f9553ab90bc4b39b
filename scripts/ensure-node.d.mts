/** The exact versions tested, by major. */
export declare const TESTED_NODE: Readonly<Record<string, string>>;
/** The path of the `node` binary of `major`, fetched from the npm registry on first use. */
export declare function ensureNode(major: string): string;
