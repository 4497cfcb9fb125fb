-- Token refresh outside any transaction, under a short lease; operator configuration
-- problems (invalid_client) recorded per provider instead of marking tenants (issue #12).

-- CreateTable
CREATE TABLE "refresh_leases" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "unknown_outcome_at" TIMESTAMPTZ(3),

    CONSTRAINT "refresh_leases_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "operator_alerts" (
    "provider" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "operator_alerts_pkey" PRIMARY KEY ("provider")
);
