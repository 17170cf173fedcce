CREATE TABLE "suppressions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suppressions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"template" text,
	"pattern" text,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_action_check" CHECK ("suppressions"."action" in ('drop', 'demote')),
	CONSTRAINT "suppressions_match_check" CHECK (("suppressions"."template" is null) <> ("suppressions"."pattern" is null))
);
