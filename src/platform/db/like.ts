// Pure: the LIKE pattern of a materialised-path prefix (`org_path LIKE '/13/1304/%'`), with LIKE's
// wildcards in the path escaped by a backslash (paths hold codes only, but be safe). One spelling for
// every subtree query.
export function likePrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
