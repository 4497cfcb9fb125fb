-- Issue #15 point 2: Zoom's registration questions mapped to HubSpot contact properties,
-- per webinar and as each Zoom user's defaults for their new webinars (owner:
-- src/questions), and each registrant's answers as Zoom gave them (owner: src/webinars).
CREATE TABLE "webinar_question_mappings" (
    "webinar_id" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "overwrite" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "webinar_question_mappings_pkey" PRIMARY KEY ("webinar_id", "question"),
    CONSTRAINT "webinar_question_mappings_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "zoom_user_question_mappings" (
    "connection_id" UUID NOT NULL,
    "zoom_user_id" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "property" TEXT NOT NULL,
    "overwrite" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "zoom_user_question_mappings_pkey" PRIMARY KEY ("connection_id", "zoom_user_id", "question"),
    CONSTRAINT "zoom_user_question_mappings_user_fkey" FOREIGN KEY ("connection_id", "zoom_user_id") REFERENCES "zoom_users"("connection_id", "zoom_user_id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- A registrant's answers: {question: value}, the standard fields by Zoom's field_name, the custom ones by title.
ALTER TABLE "registrants" ADD COLUMN "answers" JSONB NOT NULL DEFAULT '{}';
