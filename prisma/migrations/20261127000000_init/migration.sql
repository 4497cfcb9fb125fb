-- CreateTable
CREATE TABLE "portals" (
    "hub_id" BIGINT NOT NULL,
    "installed_by_user_id" BIGINT NOT NULL,
    "scopes" TEXT[],
    "installed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portals_pkey" PRIMARY KEY ("hub_id")
);
