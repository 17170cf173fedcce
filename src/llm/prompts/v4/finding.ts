/**
 * v4 user prompts: the evidence of one or more findings in one call, the repair request for the
 * entries that were not valid, and the incident summary. {{name}} placeholders are filled by
 * ../index.ts; every log-derived value lands inside <log> fences.
 */

export const BATCH = `Explain {{what}}.{{where}}{{part}}
{{knowledge}}
{{findings}}
{{previous}}{{summary}}Answer with the JSON object only, keys {{keys}}.`;

/** One finding: facts we computed outside the fence, its log text inside. */
export const FINDING = `{{key}}: {{severity}}, {{count}}{{sources}}{{span}}; flagged: {{reasons}}; kb: {{ids}}
<log>
{{evidence}}
</log>`;

export const KNOWLEDGE = `<knowledge>
{{entries}}
</knowledge>
`;

export const WHERE = " All records are from {{source}}.";

export const PART = `
Its evidence is too large for one message and comes in {{total}} parts; this is part {{index}}.`;

export const PREVIOUS = `Your answer from the earlier parts is below. Refine it with this part's evidence and keep what still holds, including its citations:
{{answer}}
`;

/** Asked for in the same call when it carries every finding of the incident. */
export const SUMMARY_ENTRY = `Also add "summary": plain text under 200 words: "Timeline:" (short bullets in time order), then "Likely chain of causes:", saying what is uncertain.
`;

export const REPAIR = `These entries were not valid: {{errors}}
Answer again with only a JSON object holding the keys {{keys}}, each with exactly description, cause, fix, severity, confidence and citations.`;

export const SUMMARY = `Summarise the incident from these findings, most important first:
<log>
{{findings}}
</log>`;
