CREATE TABLE "chunk_vectors" (
	"document_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"embedder" text NOT NULL,
	"text_hash" text NOT NULL,
	"vector" "bytea" NOT NULL,
	CONSTRAINT "chunk_vectors_document_id_ordinal_embedder_pk" PRIMARY KEY("document_id","ordinal","embedder")
);
--> statement-breakpoint
ALTER TABLE "chunk_vectors" ADD CONSTRAINT "chunk_vectors_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;