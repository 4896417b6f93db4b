-- CreateEnum
CREATE TYPE "EInvoiceState" AS ENUM ('NOT_SENT', 'QUEUED', 'SENT', 'DELIVERED', 'REJECTED', 'NOT_ON_PEPPOL');

-- CreateTable
CREATE TABLE "einvoices" (
    "invoice_id" INTEGER NOT NULL,
    "state" "EInvoiceState" NOT NULL DEFAULT 'NOT_SENT',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "document_id" TEXT,
    "receiver" TEXT,
    "last_error" TEXT,
    "violations" JSONB,
    "queued_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "rejected_at" TIMESTAMPTZ(3),
    "not_on_peppol_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "einvoices_pkey" PRIMARY KEY ("invoice_id")
);

-- CreateIndex
CREATE INDEX "einvoices_state_updated_at_idx" ON "einvoices"("state", "updated_at");

-- CreateIndex
CREATE INDEX "einvoices_document_id_idx" ON "einvoices"("document_id");
