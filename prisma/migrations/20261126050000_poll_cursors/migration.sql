-- CreateTable
CREATE TABLE "poll_cursors" (
    "system" TEXT NOT NULL,
    "cursor" TEXT,
    "last_run_at" TIMESTAMPTZ(3),
    "last_found" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poll_cursors_pkey" PRIMARY KEY ("system")
);
