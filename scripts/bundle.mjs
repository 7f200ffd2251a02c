/**
 * Bundles the CLI into dist/ with Rolldown after tsc has type-checked it: one entry
 * (src/cli.ts) and one chunk per lazily loaded command, so a command loads only the code it
 * runs. @platformatic/kafka is bundled and tree-shaken: its index re-exports every client and
 * the schema registry, and kafka-lab uses only its connection and typed protocol APIs
 * (measured: importing the whole library costs ~400 ms and 50 MB at start-up). Other packages
 * stay in node_modules (native or WASM files, or loaded only by the commands that use them).
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { rolldown } from 'rolldown';

const LIBRARY = 'node_modules/@platformatic/kafka/';
const AJV = /node_modules\/(ajv|fast-uri|json-schema-traverse|fast-deep-equal)\//;
/**
 * Loaded from node_modules at run time: packages that find WASM or native files next to
 * themselves, and large ones only a few commands use (loaded by those commands alone).
 */
const KEEP_EXTERNAL = /^(@platformatic\/wasm-utils|@node-rs\/|@bokuweb\/zstd-wasm|supports-color|mqtt|execa)(\/|$)/;

const isBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);

rmSync('dist', { recursive: true, force: true });
const bundle = await rolldown({
  input: 'src/cli.ts',
  platform: 'node',
  logLevel: 'warn',
  // the library's modules only define things: what kafka-lab does not reach is dropped,
  // and its utils module builds an Ajv validator for client options at import time (ajv, fast-uri: ~270 KiB to
  // compile and run on every start): kafka-lab validates its own options, so that set-up is declared pure
  treeshake: {
    moduleSideEffects: (id) => !id.includes(LIBRARY) && !AJV.test(id),
    manualPureFunctions: ['Ajv2020', 'ajv.addKeyword'],
  },
  // everything else is bundled: fewer files to resolve and read at start-up
  external: (id) => isBuiltin(id) || KEEP_EXTERNAL.test(id),
});
const out = await bundle.write({ dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', sourcemap: true });
const chunks = out.output.filter((o) => o.type === 'chunk');
console.log(`bundled ${chunks.length} files, ${(chunks.reduce((n, c) => n + c.code.length, 0) / 1024).toFixed(0)} KiB`);
