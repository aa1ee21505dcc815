// Meta's wire shapes as pure data: the Graph error envelope, the send response, status objects
// with their pricing, webhook envelopes for every field tiersim sends, Graph nodes, wamids and
// Meta's JSON encoding. No IO, no clock, no randomness: the emulator (cli/emulator) and
// `tiersim run --webhooks` build their payloads here, so both write the same bytes.
export { metaJson } from "./json.js";
export { tierName, capabilityLimit } from "./tiers.js";
export { wamidOf } from "./ids.js";
export { graphError, webhookError, httpStatusOf, errorTitle, errorDetails, ERROR_CODES_HREF } from "./errors.js";
export type { GraphErrorBody, GraphErrorOptions, WebhookError } from "./errors.js";
export { sendResponse, statusObject, statusPricing, servicePricing, inboundText, unixSeconds } from "./messages.js";
export type { MessageStatus, SendResponse, StatusObject, StatusInput, StatusPricing, StatusConversation, InboundMessage } from "./messages.js";
export {
  webhookBody,
  statusesValue,
  inboundValue,
  errorsValue,
  userPreferencesValue,
  templateStatusValue,
  templateQualityValue,
  phoneQualityValue,
  capabilityValue,
} from "./webhooks.js";
export type { WebhookBody, WebhookField, WirePhone, WireContact, WireTemplate } from "./webhooks.js";
export { phoneNumberNode, templateNode, pickFields, PHONE_DEFAULT_FIELDS } from "./nodes.js";
export type { PhoneNumberState, TemplateNodeState } from "./nodes.js";
