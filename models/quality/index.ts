// Number / portfolio quality rating.
export { QualityMeter } from "./quality-meter.js";
