// The part of the `jsonld` package (a JSON-LD 1.1 processor, devDependency) the DCAT tests use.
declare module 'jsonld' {
  const jsonld: { expand(input: unknown): Promise<unknown[]> };
  export default jsonld;
}
