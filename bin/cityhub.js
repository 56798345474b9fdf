#!/usr/bin/env node
// The `cityhub` command. It loads the TypeScript CLI in this same process through tsx, so no
// build step is needed and signals such as SIGTERM reach the hub directly.
import { register } from 'tsx/esm/api';

register();
await import('../gateway/cli.ts');
