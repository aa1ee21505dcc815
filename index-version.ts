// Single source of the tool's version, as written into every result (`tool.version`).
export const VERSION = "0.1.0";
export const TOOL_NAME = "tiersim";
