// Pure: the authenticated caller of a staff route. Roles are strings here; the identity module
// owns their meaning.

export interface Grant {
  role: string;
  orgCode: string;
  /** The organisation's subtree path, e.g. '/13/1304/130427/'. */
  orgPath: string;
  /** The organisation's kind (e.g. 'openness_office'), loaded with the grant. */
  orgKind?: string;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: readonly Grant[];
  /** How the actor authenticated: a browser session (CSRF applies) or an API token. */
  via: 'session' | 'token';
  mustChangePassword: boolean;
}
