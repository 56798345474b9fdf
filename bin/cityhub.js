#!/usr/bin/env node
// The `cityhub` command. It loads the TypeScript CLI in this same process through tsx, so no
// build step is needed and signals such as SIGTERM reach the hub directly.
import { register } from 'tsx/esm/api';

// graphql-js checks every `instanceof` of its types the slow, cross-realm way unless
// NODE_ENV is `production`: that is the default here (`development` still turns on what it does).
process.env.NODE_ENV ??= 'production';
register();
await import('../gateway/cli.ts');
