/**
 * v1 user prompts: the evidence for one finding, the repair request after an invalid answer, and
 * the incident summary. {{name}} placeholders are filled by ../index.ts; every log-derived value
 * lands inside <untrusted-log> fences.
 */

export const FINDING = `Explain this finding.

Finding {{id}}: severity {{severity}}, {{count}} records in {{sources}}{{span}}.
Flagged because: {{reasons}}{{part}}

Log template (variable parts shown as <*>):
<untrusted-log>
{{template}}
</untrusted-log>

Samples with context lines ("> " marks the matching line):
<untrusted-log>
{{samples}}
</untrusted-log>

<knowledge>
{{knowledge}}
</knowledge>
{{previous}}
Answer with the JSON object only.`;

export const PART = `
The evidence is too large for one message and comes in {{total}} parts; this is part {{index}}.`;

export const PREVIOUS = `
Your answer from the earlier parts is below. Refine it with this part's evidence and keep what still holds, including its citations:
{{answer}}
`;

export const NO_KNOWLEDGE = "(no knowledge matched this finding)";

export const REPAIR = `Your answer was not valid: {{error}}
Answer again with only the JSON object, with exactly the keys description, cause, fix, severity, confidence and citations.`;

export const SUMMARY = `Summarise the incident from these findings, most important first:
<untrusted-log>
{{findings}}
</untrusted-log>`;
