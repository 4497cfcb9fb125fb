-- What a sync wrote belongs to its portal and webinar: gone with them.
-- Rows left behind by deletions before this migration are removed first.
DELETE FROM "hubspot_contacts" c WHERE NOT EXISTS (SELECT 1 FROM "portals" p WHERE p."hub_id" = c."portal_id");
DELETE FROM "sync_marks" m WHERE NOT EXISTS (SELECT 1 FROM "webinars" w WHERE w."id" = m."webinar_id");

-- AddForeignKey
ALTER TABLE "hubspot_contacts" ADD CONSTRAINT "hubspot_contacts_portal_id_fkey" FOREIGN KEY ("portal_id") REFERENCES "portals"("hub_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_marks" ADD CONSTRAINT "sync_marks_webinar_id_fkey" FOREIGN KEY ("webinar_id") REFERENCES "webinars"("id") ON DELETE CASCADE ON UPDATE CASCADE;
