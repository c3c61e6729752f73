-- AlterTable
ALTER TABLE "events" ADD COLUMN     "object_id" TEXT,
ADD COLUMN     "provider_event_id" TEXT;


-- The drain claims pending webhooks oldest first; a partial index keeps that cheap
-- however many processed webhooks the table holds.
CREATE INDEX "webhooks_pending_idx" ON "webhooks" ("received_at") WHERE "status" = 'pending';
