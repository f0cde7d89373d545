#!/usr/bin/env node
'use strict';
// The CLI is TypeScript run through tsx, so `npx herald` works right after `npm ci` with no build step.
require('tsx/cjs');
const { main } = require('../lambdas/cli/main.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
