// Runs every benchmark scenario and writes bench/RESULTS.md.
// Usage: npm run build && node bench/run.mjs [--quick] [--only=throughput,streaming]
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parseFlags } from './lib/harness.mjs';

const SCENARIOS = ['throughput', 'round-trip', 'streaming', 'cancel', 'cold-start', 'transfer', 'scaling'];
const flags = parseFlags();
const chosen = SCENARIOS.filter((name) => flags.only === undefined || flags.only.includes(name));
const sections = [];
const began = Date.now();
for (const name of chosen) {
  process.stderr.write(`\n## ${name}\n`);
  const { run } = await import(`./${name}.mjs`);
  const { title, markdown } = await run({ quick: flags.quick });
  console.log(`\n### ${title}\n\n${markdown}`);
  sections.push(`### ${title}\n\n${markdown}`);
}
const cpu = cpus();
const header = [
  '# Benchmark results',
  '',
  `- date: ${new Date().toISOString()}`,
  `- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores`,
  `- Node ${process.version}, ${process.platform}/${process.arch}`,
  `- mode: ${flags.quick ? 'quick (fewer items and repetitions)' : 'full'}; total ${((Date.now() - began) / 1000).toFixed(0)} s`,
  '- medians over interleaved repetitions (contender order rotates each repetition); ratios are to the bare worker_threads baseline of the same run',
  '- produced by `node bench/run.mjs`; the machine was shared with other jobs, so absolute numbers are noisy: compare ratios',
  '',
];
const target = new URL(
  flags.only === undefined ? './RESULTS.md' : `./RESULTS-${chosen.join('-')}.md`,
  import.meta.url,
);
// Formatted as the repository's prettier check wants it, so that a new run can be committed as is.
const path = fileURLToPath(target);
const text = `${header.join('\n')}\n${sections.join('\n\n')}\n`;
await writeFile(target, await format(text, { ...(await resolveConfig(path)), filepath: path }));
process.exit(0);
