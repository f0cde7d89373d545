#!/usr/bin/env node
'use strict';
// The CLI is TypeScript run through tsx, so `npx herald` works right after `npm ci` with no build step.
require('tsx/cjs');
// The lockfile pins an SDK that supports Node 20; its warning about future releases is not for Herald's users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = require('../cli/main.ts');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
