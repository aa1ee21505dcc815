// The Graph API paths the emulator answers, under any `v{major}.0` (or no version, as Graph
// allows): sending messages and marking them read, reading a phone number's quality, limit and
// throughput, listing templates and their status, unpausing one. Every failure is a Graph error
// envelope with Meta's code and HTTP status; the access token is checked first (190).
import { PHONE_DEFAULT_FIELDS, pickFields } from "../../models/wire/index.js";
import { validateSend } from "./validate.js";
import type { Reply, World } from "./world.js";

/** Graph API version assumed for a path without one. */
export const DEFAULT_API_MAJOR = 24;

/** A request as the routes see it. */
export interface GraphRequest {
  method: string;
  url: URL;
  /** `Authorization` header. */
  authorization: string | undefined;
  /** The body, parsed (undefined when empty); `invalidJson` holds the parser's complaint. */
  body: unknown;
  invalidJson?: string;
}

function unsupported(world: World, method: string, id: string): Reply {
  return world.error(100, undefined, {
    type: "GraphMethodException",
    subcode: 33,
    noData: true,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  });
}

function unknownPath(world: World, rest: string): Reply {
  return world.error(2500, undefined, { message: `Unknown path components: /${rest}`, noData: true });
}

/** `fields=a,b` of a GET; `null` when not given. */
function fieldsOf(url: URL): string[] | null {
  const f = url.searchParams.get("fields");
  if (f === null) return null;
  return f
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function selected(world: World, node: Record<string, unknown>, fields: readonly string[], nodeType: string): Reply {
  const { fields: out, unknown } = pickFields(node, fields);
  if (unknown.length > 0) return world.error(100, undefined, { message: `(#100) Tried accessing nonexisting field (${unknown[0]}) on node type (${nodeType})`, noData: true });
  return { status: 200, body: out };
}

/**
 * Answers one Graph API request.
 *
 * @example
 * ```ts
 * graphRoute(world, token, { method: "GET", url: new URL("http://x/v24.0/main?fields=quality_rating"), authorization: `Bearer ${token}`, body: undefined });
 * // { status: 200, body: { quality_rating: "GREEN", id: "main" } }
 * ```
 */
export function graphRoute(world: World, accessToken: string, req: GraphRequest): Reply {
  const token = /^Bearer\s+(.+)$/i.exec(req.authorization ?? "")?.[1]?.trim() ?? req.url.searchParams.get("access_token");
  if (token === null || token === undefined || token === "") {
    return world.error(2500, undefined, { message: "An active access token must be used to query information about the current user.", noData: true });
  }
  if (token !== accessToken) return world.error(190, undefined, { message: "Invalid OAuth access token - Cannot parse access token", noData: true });

  const segments = req.url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
  let major = DEFAULT_API_MAJOR;
  if (segments.length > 0 && /^v\d+(\.\d+)?$/.test(segments[0])) {
    const m = /^v(\d+)\.0$/.exec(segments[0]);
    if (!m) return unknownPath(world, segments.join("/"));
    major = Number(m[1]);
    segments.shift();
  }
  if (segments.length === 0) return unknownPath(world, "");
  const [id, edge, ...more] = segments;
  if (more.length > 0) return unknownPath(world, segments.slice(1).join("/"));
  const method = req.method.toUpperCase();
  const phone = world.phoneIndex(id);
  const isWaba = id === world.wabaId;
  // Template ids are looked up only for paths that are neither a number nor the WABA.
  const template = phone >= 0 || isWaba ? undefined : world.templateNodes().find((t) => t.id === id);

  if (edge === undefined) {
    if (method !== "GET") return unsupported(world, method, id);
    const fields = fieldsOf(req.url);
    if (phone >= 0) return selected(world, world.phoneNode(phone, major), fields ?? PHONE_DEFAULT_FIELDS, "WhatsAppBusinessPhoneNumber");
    if (isWaba) return selected(world, world.wabaNode(), fields ?? ["id", "name", "currency", "timezone_id", "message_template_namespace"], "WhatsAppBusinessAccount");
    if (template) return selected(world, template, fields ?? Object.keys(template), "WhatsAppMessageTemplate");
    return unsupported(world, method, id);
  }

  if (edge === "messages" && phone >= 0) {
    if (method !== "POST") return unsupported(world, method, id);
    if (req.invalidJson !== undefined) return world.error(100, `The request body is not valid JSON: ${req.invalidJson}`);
    const parsed = validateSend(req.body);
    if (parsed.kind === "invalid") return world.error(100, parsed.details, { message: `(#100) ${parsed.details}` });
    return world.send(phone, parsed);
  }

  if (edge === "message_templates" && isWaba) {
    if (method !== "GET") return unsupported(world, method, id);
    return templateList(world, req.url);
  }

  if (edge === "phone_numbers" && isWaba) {
    if (method !== "GET") return unsupported(world, method, id);
    const fields = fieldsOf(req.url) ?? PHONE_DEFAULT_FIELDS;
    const data = world.phones.map((_, i) => pickFields(world.phoneNode(i, major), fields).fields);
    return { status: 200, body: { data } };
  }

  if (edge === "unpause" && template) {
    if (method !== "POST") return unsupported(world, method, id);
    const index = world.templateIndex(String(template.name));
    if (!world.templateAction(index, "unpause")) return world.error(100, `Template ${String(template.name)} is ${String(template.status)}, not PAUSED: only a paused template can be unpaused.`);
    return { status: 200, body: { success: true } };
  }

  if (phone >= 0 || isWaba || template) return unknownPath(world, segments.slice(1).join("/"));
  return unsupported(world, method, id);
}

/** `GET /{waba-id}/message_templates`: filters `name`, `status`, `category`, `language`; paging `limit` and `after`. */
function templateList(world: World, url: URL): Reply {
  const q = url.searchParams;
  let list = world.templateNodes();
  const name = q.get("name");
  if (name !== null) list = list.filter((t) => String(t.name).includes(name));
  for (const key of ["status", "category", "language"] as const) {
    const v = q.get(key);
    if (v !== null) {
      const allowed = v.split(",").map((s) => s.trim());
      list = list.filter((t) => allowed.includes(String(t[key])));
    }
  }
  const limit = Math.max(1, Math.min(1000, Number(q.get("limit") ?? 25) || 25));
  const after = q.get("after");
  const start = after === null ? 0 : Number(Buffer.from(after, "base64").toString("utf8")) || 0;
  const page = list.slice(start, start + limit);
  const fields = fieldsOf(url);
  const data = fields === null ? page : page.map((t) => pickFields(t, fields).fields);
  const cursor = (i: number): string => Buffer.from(String(i)).toString("base64");
  const paging = page.length === 0 ? {} : { paging: { cursors: { before: cursor(start), after: cursor(start + page.length) }, ...(start + page.length < list.length ? { next: nextUrl(url, cursor(start + page.length)) } : {}) } };
  return { status: 200, body: { data, ...paging } };
}

function nextUrl(url: URL, after: string): string {
  const u = new URL(url.toString());
  u.searchParams.set("after", after);
  u.searchParams.delete("access_token");
  return u.toString();
}
