/** report: renders a report as text (terminal), JSON (the contract) or Markdown. */
import type { Report } from "../types.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderText } from "./text.js";

export const FORMATS = ["text", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_EXTENSION: Record<Format, string> = {
  text: "txt",
  json: "json",
  markdown: "md",
};

export function render(report: Report, format: Format, colour = false): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "text":
      return renderText(report, colour);
  }
}
