-- CreateTable
CREATE TABLE "status_days" (
    "system" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "operational" INTEGER NOT NULL DEFAULT 0,
    "degraded" INTEGER NOT NULL DEFAULT 0,
    "outage" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "status_days_pkey" PRIMARY KEY ("system","day")
);

-- CreateIndex
CREATE INDEX "status_days_day_idx" ON "status_days"("day");

-- The checks recorded so far, rolled up once; from now on each check adds to its day as it is stored.
INSERT INTO "status_days" ("system", "day", "operational", "degraded", "outage")
SELECT "system",
       ("at" AT TIME ZONE 'UTC')::date,
       (count(*) FILTER (WHERE "state" = 'operational'))::int,
       (count(*) FILTER (WHERE "state" = 'degraded'))::int,
       (count(*) FILTER (WHERE "state" = 'outage'))::int
  FROM "status_checks"
 GROUP BY 1, 2;
