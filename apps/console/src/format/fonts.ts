/**
 * System fonts first (macOS, Windows, Linux with a CJK font), then the CJK font bundled with the console
 * (console.css, loaded per unicode range) for machines that have none, e.g. a server's headless Chromium.
 */
export const FONT_STACK =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', " +
  "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', 'Source Han Serif CN VF', sans-serif";
