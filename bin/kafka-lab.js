#!/usr/bin/env node
// Thin launcher: all logic lives in dist/cli.js (built from src/ by `npm run build`).
import { main } from '../dist/cli.js';

main(process.argv.slice(2));
