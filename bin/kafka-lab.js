#!/usr/bin/env node
// Thin launcher: all logic lives in dist/cli.js (built from src/ by `npm run build`).
import { exit, main } from '../dist/cli.js';

exit(await main(process.argv.slice(2)));
