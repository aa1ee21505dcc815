// Validation of `POST /{phone-number-id}/messages` bodies as the Cloud API does it: a missing
// field, a value of the wrong type or an unknown message type is refused with code 100 and a
// message naming the parameter the way Graph writes it (`text['body']`). Template name and
// language are checked later, against the scenario's templates (132001).
import { waIdOf } from "./recipients.js";

/** A send the emulator understood. */
export type ParsedSend =
  | { kind: "template"; to: string; waId: string; name: string; language: string; bizOpaque?: string }
  | { kind: "session"; to: string; waId: string; type: SessionType; bizOpaque?: string }
  | { kind: "read"; messageId: string };

/** A refused body: code 100, and the sentence that says what is wrong. */
export interface Invalid {
  kind: "invalid";
  details: string;
}

/** Message types other than templates (sent inside a customer-service window). */
export const SESSION_TYPES = ["text", "interactive", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction"] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
const TYPES = ["audio", "contacts", "document", "image", "interactive", "location", "reaction", "sticker", "template", "text", "video"];

const TEXT_MAX = 4096;
const OPAQUE_MAX = 512;

type Obj = Record<string, unknown>;

class Refusal extends Error {}

function refuse(details: string): never {
  throw new Refusal(details);
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(parent: Obj, key: string, path: string): Obj {
  const v = parent[key];
  if (v === undefined) refuse(`The parameter ${path} is required.`);
  if (!isObj(v)) refuse(`Param ${path} must be a JSON object.`);
  return v;
}

function str(parent: Obj, key: string, path: string, opts: { optional?: boolean; max?: number; nonEmpty?: boolean } = {}): string | undefined {
  const v = parent[key];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    refuse(`The parameter ${path} is required.`);
  }
  if (typeof v !== "string") refuse(`Param ${path} must be a string.`);
  if (opts.nonEmpty && v.trim() === "") refuse(`Param ${path} must be a non-empty string.`);
  if (opts.max !== undefined && v.length > opts.max) refuse(`Param ${path} must be at most ${opts.max} characters long.`);
  return v;
}

function arr(parent: Obj, key: string, path: string, opts: { optional?: boolean; min?: number; max?: number } = {}): unknown[] | undefined {
  const v = parent[key];
  if (v === undefined) {
    if (opts.optional) return undefined;
    refuse(`The parameter ${path} is required.`);
  }
  if (!Array.isArray(v)) refuse(`Param ${path} must be an array.`);
  if (opts.min !== undefined && v.length < opts.min) refuse(`Param ${path} must have at least ${opts.min} element${opts.min === 1 ? "" : "s"}.`);
  if (opts.max !== undefined && v.length > opts.max) refuse(`Param ${path} must have at most ${opts.max} elements.`);
  return v;
}

function oneOf(value: string, allowed: readonly string[], path: string): void {
  if (!allowed.includes(value)) refuse(`Param ${path} must be one of {${allowed.map((a) => a.toUpperCase()).join(", ")}} - got "${value}".`);
}

function num(parent: Obj, key: string, path: string): void {
  const v = parent[key];
  if (v === undefined) refuse(`The parameter ${path} is required.`);
  if (typeof v !== "number" && !(typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)))) refuse(`Param ${path} must be a number.`);
}

const COMPONENT_TYPES = ["header", "body", "footer", "button", "carousel", "limited_time_offer"];
const PARAMETER_TYPES = ["text", "currency", "date_time", "image", "document", "video", "location", "payload", "action", "coupon_code", "limited_time_offer", "product"];

function template(t: Obj): { name: string; language: string } {
  const name = str(t, "name", "template['name']", { nonEmpty: true })!;
  const lang = obj(t, "language", "template['language']");
  const code = str(lang, "code", "template['language']['code']", { nonEmpty: true })!;
  const policy = str(lang, "policy", "template['language']['policy']", { optional: true });
  if (policy !== undefined) oneOf(policy, ["deterministic"], "template['language']['policy']");
  const components = arr(t, "components", "template['components']", { optional: true }) ?? [];
  components.forEach((c, i) => {
    const p = `template['components'][${i}]`;
    if (!isObj(c)) refuse(`Param ${p} must be a JSON object.`);
    oneOf(str(c, "type", `${p}['type']`)!.toLowerCase(), COMPONENT_TYPES, `${p}['type']`);
    if (String(c.type).toLowerCase() === "button") {
      str(c, "sub_type", `${p}['sub_type']`);
      const index = c.index;
      if (index === undefined) refuse(`The parameter ${p}['index'] is required.`);
      if (!/^\d+$/.test(String(index))) refuse(`Param ${p}['index'] must be a whole number.`);
    }
    const params = arr(c, "parameters", `${p}['parameters']`, { optional: true }) ?? [];
    params.forEach((q, j) => {
      const pp = `${p}['parameters'][${j}]`;
      if (!isObj(q)) refuse(`Param ${pp} must be a JSON object.`);
      const type = str(q, "type", `${pp}['type']`)!.toLowerCase();
      oneOf(type, PARAMETER_TYPES, `${pp}['type']`);
      if (type === "text") str(q, "text", `${pp}['text']`, { max: 32768 });
      if (type === "payload") str(q, "payload", `${pp}['payload']`);
      if (type === "currency") obj(q, "currency", `${pp}['currency']`);
      if (type === "date_time") obj(q, "date_time", `${pp}['date_time']`);
      if (type === "image" || type === "document" || type === "video") media(obj(q, type, `${pp}['${type}']`), `${pp}['${type}']`);
    });
  });
  return { name, language: code };
}

function media(m: Obj, path: string): void {
  const id = str(m, "id", `${path}['id']`, { optional: true });
  const link = str(m, "link", `${path}['link']`, { optional: true });
  if (id === undefined && link === undefined) refuse(`The parameter ${path}['id'] or ${path}['link'] is required.`);
}

const INTERACTIVE_TYPES = ["button", "list", "cta_url", "product", "product_list", "flow", "location_request_message", "address_message", "call_permission_request"];

function interactive(x: Obj): void {
  const type = str(x, "type", "interactive['type']")!;
  oneOf(type, INTERACTIVE_TYPES, "interactive['type']");
  if (type !== "product" && type !== "product_list") str(obj(x, "body", "interactive['body']"), "text", "interactive['body']['text']", { nonEmpty: true, max: 1024 });
  if (type === "location_request_message" || type === "address_message" || type === "call_permission_request") return;
  const action = obj(x, "action", "interactive['action']");
  if (type === "button") {
    const buttons = arr(action, "buttons", "interactive['action']['buttons']", { min: 1, max: 3 })!;
    buttons.forEach((b, i) => {
      const p = `interactive['action']['buttons'][${i}]`;
      if (!isObj(b)) refuse(`Param ${p} must be a JSON object.`);
      oneOf(str(b, "type", `${p}['type']`)!, ["reply"], `${p}['type']`);
      const reply = obj(b, "reply", `${p}['reply']`);
      str(reply, "id", `${p}['reply']['id']`, { nonEmpty: true, max: 256 });
      str(reply, "title", `${p}['reply']['title']`, { nonEmpty: true, max: 20 });
    });
  } else if (type === "list") {
    str(action, "button", "interactive['action']['button']", { nonEmpty: true, max: 20 });
    const sections = arr(action, "sections", "interactive['action']['sections']", { min: 1, max: 10 })!;
    sections.forEach((s, i) => {
      const p = `interactive['action']['sections'][${i}]`;
      if (!isObj(s)) refuse(`Param ${p} must be a JSON object.`);
      const rows = arr(s, "rows", `${p}['rows']`, { min: 1, max: 10 })!;
      rows.forEach((r, j) => {
        const rp = `${p}['rows'][${j}]`;
        if (!isObj(r)) refuse(`Param ${rp} must be a JSON object.`);
        str(r, "id", `${rp}['id']`, { nonEmpty: true, max: 200 });
        str(r, "title", `${rp}['title']`, { nonEmpty: true, max: 24 });
      });
    });
  } else if (type === "cta_url") {
    oneOf(str(action, "name", "interactive['action']['name']")!, ["cta_url"], "interactive['action']['name']");
    const p = obj(action, "parameters", "interactive['action']['parameters']");
    str(p, "display_text", "interactive['action']['parameters']['display_text']", { nonEmpty: true, max: 20 });
    str(p, "url", "interactive['action']['parameters']['url']", { nonEmpty: true });
  }
}

function session(body: Obj, type: SessionType): void {
  switch (type) {
    case "text":
      str(obj(body, "text", "text"), "body", "text['body']", { nonEmpty: true, max: TEXT_MAX });
      return;
    case "interactive":
      return interactive(obj(body, "interactive", "interactive"));
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      return media(obj(body, type, type), type);
    case "location": {
      const l = obj(body, "location", "location");
      num(l, "latitude", "location['latitude']");
      num(l, "longitude", "location['longitude']");
      return;
    }
    case "contacts":
      arr(body, "contacts", "contacts", { min: 1 });
      return;
    case "reaction": {
      const r = obj(body, "reaction", "reaction");
      str(r, "message_id", "reaction['message_id']", { nonEmpty: true });
      str(r, "emoji", "reaction['emoji']");
      return;
    }
  }
}

/**
 * Checks a parsed JSON body of `POST /messages`.
 *
 * @example
 * ```ts
 * validateSend({ messaging_product: "whatsapp", to: "15551000000", type: "template",
 *   template: { name: "daily_deal", language: { code: "en_US" } } });
 * // { kind: "template", to: "15551000000", waId: "15551000000", name: "daily_deal", language: "en_US" }
 * validateSend({ messaging_product: "whatsapp", to: "15551000000", type: "text", text: {} });
 * // { kind: "invalid", details: "The parameter text['body'] is required." }
 * ```
 */
export function validateSend(body: unknown): ParsedSend | Invalid {
  try {
    if (!isObj(body)) refuse("The request body must be a JSON object.");
    const product = str(body, "messaging_product", "messaging_product")!;
    oneOf(product, ["whatsapp"], "messaging_product");
    if (body.status !== undefined) {
      oneOf(str(body, "status", "status")!, ["read"], "status");
      return { kind: "read", messageId: str(body, "message_id", "message_id", { nonEmpty: true })! };
    }
    const recipientType = str(body, "recipient_type", "recipient_type", { optional: true });
    if (recipientType !== undefined) oneOf(recipientType, ["individual"], "recipient_type");
    const to = str(body, "to", "to", { nonEmpty: true })!;
    const waId = waIdOf(to);
    if (waId === null) refuse(`Param to must be a phone number in international format (7 to 15 digits, an optional leading +) - got "${to}".`);
    const type = str(body, "type", "type", { optional: true }) ?? "text";
    oneOf(type, TYPES, "type");
    const bizOpaque = str(body, "biz_opaque_callback_data", "biz_opaque_callback_data", { optional: true, max: OPAQUE_MAX });
    if (body.context !== undefined) str(obj(body, "context", "context"), "message_id", "context['message_id']", { nonEmpty: true });
    const opaque = bizOpaque === undefined ? {} : { bizOpaque };
    if (type === "template") return { kind: "template", to, waId, ...template(obj(body, "template", "template")), ...opaque };
    session(body, type as SessionType);
    return { kind: "session", to, waId, type: type as SessionType, ...opaque };
  } catch (e) {
    if (e instanceof Refusal) return { kind: "invalid", details: e.message };
    throw e;
  }
}
