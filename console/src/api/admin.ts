// Administration: users, teams and their role per sensor group, the audit log, banned hashes, and the caller's own
// API token (reference rest_api.md §4.7, §4.12, §5.12; the server's UserApi, TeamApi, LoginApi, BanningApi). Shapes as the server answers them.
import { api } from "./client";
import type { Named, Narrowed } from "./narrowed";
import type {
  AuthDocument_TokenOnly,
  BanDocument,
  GroupDocument,
  Result,
  TeamDocument,
  TeamDocument_GroupAccess,
  UserActivityDocument,
  UserDocument,
  UserDocument_TeamRef,
} from "./wire";

export type TeamRef = UserDocument_TeamRef;

/** A user (the server's UserDocument); `auth_token` only in the single-user document, to its owner or an admin. */
export type User = UserDocument;

export interface UserInput {
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  global_admin: boolean;
  /** Team ids. */
  teams: number[];
  /** Required for a new user; left out on edit to keep the current one. */
  password?: string;
  /** The caller's own password, when they change it for themselves. */
  current_password?: string;
}

export type AccessCategory = "Administrator" | "Viewer" | "No Access";
export const ACCESS_CATEGORIES: AccessCategory[] = ["Administrator", "Viewer", "No Access"];

/** A team's role in one group: the server's record holds the category as a String, always one of the three. */
export type GroupAccess = Narrowed<TeamDocument_GroupAccess, { access_category: AccessCategory }>;

/** A team (TeamDocument), as the server answers it and as the console sends it back. */
export type Team = Narrowed<TeamDocument, { group_access: GroupAccess[] }>;

/** A sensor group, as much of it as the team editor needs (§5.7, GroupDocument). */
export type SensorGroup = Pick<Named<GroupDocument>, "id" | "name">;

/** One entry of /api/useractivity, newest first (UserActivityDocument). */
export type Activity = UserActivityDocument;

/**
 * A banned hash (§5.12, BanDocument): in force while enabled; unbanning keeps it, with its history. `md5hash` in
 * upper case; `last_block_time` null until a sensor reported a block, `last_block_hostname` empty then.
 */
export type Ban = BanDocument;

export const usersApi = {
  list: () => api.get<User[]>("/api/users"),
  get: (username: string) => api.get<User>(`/api/user/${encodeURIComponent(username)}`),
  create: (u: UserInput) => api.post<Result>("/api/user", u),
  /** The server keeps what the body leaves out (the password when none is given). */
  update: (u: UserInput) => api.put<Result>(`/api/user/${encodeURIComponent(u.username)}`, u),
  remove: (username: string) => api.del<Result>(`/api/user/${encodeURIComponent(username)}`),
  /** A new API token for the user; their old one stops working. */
  rotateToken: (username: string) =>
    api.post<AuthDocument_TokenOnly>(`/api/v1/user/${encodeURIComponent(username)}/token`).then((r) => r.auth_token),
};

export const teamsApi = {
  list: () => api.get<Team[]>("/api/teams"),
  create: (name: string, access: GroupAccess[]) => api.post<Team>("/api/team", { name, group_access: access }),
  update: (t: Team) => api.put<Team>(`/api/team/${t.id}`, t),
  remove: (id: number) => api.del<Result>(`/api/team/${id}`),
  groups: () => api.get<SensorGroup[]>("/api/group"),
};

/** At most this many audit entries are read (the server keeps more; the newest come first). */
export const ACTIVITY_LIMIT = 5000;

export const auditApi = {
  recent: (limit = ACTIVITY_LIMIT) => api.get<Activity[]>("/api/useractivity", { limit }),
};

export const bansApi = {
  list: () => api.get<Ban[]>("/api/v1/banning/blacklist", { count: 10000 }),
  ban: (md5: string, text: string) => api.post<Result>("/api/v1/banning/blacklist", { md5hash: md5, text, enabled: true }),
  /** Puts a ban back in force (or changes its text). */
  enable: (md5: string, text: string) => api.put<Ban>(`/api/v1/banning/blacklist/${md5}`, { md5hash: md5, text, enabled: true }),
  /** Unbans: the hash may run again; the ban stays listed, disabled, with its history. */
  disable: (md5: string) => api.del<Ban>(`/api/v1/banning/blacklist/${md5}`),
};

export const MD5 = /^[0-9a-fA-F]{32}$/;

// ---- the caller's own API token -----------------------------------------------------------------------------------
// The server's user routes serve the caller's own token to a console session as to a token (docs/compatibility.md,
// "One's own API token"): the user document carries it, POST .../token rotates it.

/** The caller's API token; an error saying so when the server has none to show (revoked, or kept only hashed). */
export async function readOwnToken(username: string): Promise<string> {
  const me = await usersApi.get(username);
  if (!me.auth_token) throw new Error("the server has no API token of yours to show (revoked, or made before it kept them readable): rotate to get one");
  return me.auth_token;
}

/** A new API token for the caller; the old one stops working. */
export function rotateOwnToken(username: string): Promise<string> {
  return usersApi.rotateToken(username);
}
