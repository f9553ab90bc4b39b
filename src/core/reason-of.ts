/**
 * The reason an operation failed, as a clause to build a longer message around.
 */
import { marshalError } from './marshal-error.js';

/**
 * The message of `cause` without its final period, to be followed by more text: Node's
 * `"… could not be cloned."` then reads `"… could not be cloned. Arguments cross …"`, not
 * `"cloned.. Arguments"`. Never throws.
 */
export function reasonOf(cause: unknown): string {
  return marshalError(cause).message.replace(/(?<!\.)\.$/, '');
}
