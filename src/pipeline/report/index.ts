/** report: renders a report as text (terminal), JSON (the contract), Markdown or HTML. */
import type { Report } from "../types.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderText } from "./text.js";

export const FORMATS = ["text", "json", "markdown", "html"] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_EXTENSION: Record<Format, string> = {
  text: "txt",
  json: "json",
  markdown: "md",
  html: "html",
};

export function render(report: Report, format: Format, colour = false): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "text":
      return renderText(report, colour);
    case "html":
      return renderHtml(report);
  }
}
