-- The delivery drain claims pending deliveries that are due, oldest first. A partial
-- index keeps that cheap however many finished deliveries the table holds. (Partial
-- indexes cannot be declared in schema.prisma, so this migration is written by hand.)
CREATE INDEX "deliveries_due_idx" ON "deliveries" ("next_attempt_at") WHERE "status" = 'pending';
