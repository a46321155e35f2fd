// Migrations are SQL text, never JS functions: the checksum of an applied migration must be identical in
// development and in the bundled app, and esbuild rewrites function bodies.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
