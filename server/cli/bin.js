#!/usr/bin/env node
// `npx switchboard …`: the CLI is TypeScript, loaded through tsx.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
