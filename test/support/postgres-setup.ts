import type { TestProject } from 'vitest/node';
import { postgresAdminUrl } from './postgres';

/** Platform tests run against PGlite and a real PostgreSQL server; this finds (or starts) the server once. */
export default function setup(project: TestProject): void {
  project.provide('postgresUrl', postgresAdminUrl());
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
