-- CreateTable
CREATE TABLE "status_checks" (
    "id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL,
    "breaker" TEXT NOT NULL,
    "latency_ms" INTEGER,
    "ok" BOOLEAN NOT NULL,

    CONSTRAINT "status_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "system" TEXT NOT NULL,
    "open_system" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "cause" TEXT,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "status_checks_system_at_idx" ON "status_checks"("system", "at");

-- CreateIndex
CREATE INDEX "status_checks_at_idx" ON "status_checks"("at");

-- CreateIndex
CREATE UNIQUE INDEX "incidents_open_system_key" ON "incidents"("open_system");

-- CreateIndex
CREATE INDEX "incidents_system_opened_at_idx" ON "incidents"("system", "opened_at");

-- CreateIndex
CREATE INDEX "incidents_opened_at_idx" ON "incidents"("opened_at");
