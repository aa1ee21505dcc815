// Template lifecycle, template quality and review time.
export { TemplateState, TEMPLATE_NOT_APPROVED_CODE, type TemplateTransition, type TemplateStatusReason } from "./lifecycle.js";
export { TemplateQualityMeter } from "./quality.js";
export { reviewDelay, inverseNormalCdf } from "./review.js";
