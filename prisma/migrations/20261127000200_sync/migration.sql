-- CreateTable
CREATE TABLE "hubspot_contacts" (
    "portal_id" BIGINT NOT NULL,
    "email" TEXT NOT NULL,
    "hubspot_id" TEXT,
    "fingerprint" TEXT,
    "written_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "hubspot_contacts_pkey" PRIMARY KEY ("portal_id","email")
);

-- CreateTable
CREATE TABLE "sync_marks" (
    "webinar_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "hubspot_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_marks_pkey" PRIMARY KEY ("webinar_id","kind","key")
);

-- CreateTable
CREATE TABLE "hubspot_rate_budgets" (
    "portal_id" BIGINT NOT NULL,
    "stamps" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "blocked_until" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "hubspot_rate_budgets_pkey" PRIMARY KEY ("portal_id")
);

-- CreateTable
CREATE TABLE "hubspot_user_caches" (
    "portal_id" BIGINT NOT NULL,
    "emails" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hubspot_user_caches_pkey" PRIMARY KEY ("portal_id")
);

-- CreateTable
CREATE TABLE "sync_leases" (
    "portal_id" BIGINT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sync_leases_pkey" PRIMARY KEY ("portal_id")
);
