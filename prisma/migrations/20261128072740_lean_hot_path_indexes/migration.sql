-- Every webhook, event and delivery pays for each index on its tables, on insert and on
-- each status change. These were not used by any query:
-- the drain finds pending webhooks through webhooks_pending_idx (partial), and lists
-- filter by environment or integration first;
DROP INDEX "webhooks_status_received_at_idx";

-- deliveries are read by id, by webhook (webhook detail) and when due (deliveries_due_idx);
DROP INDEX "deliveries_event_id_idx";
DROP INDEX "deliveries_environment_id_created_at_idx";

-- a log message is read with its operation: one index serves as both the primary key and
-- the lookup (ids are UUIDv7, so id order within an operation is time order).
DROP INDEX "log_messages_operation_id_created_at_idx";
ALTER TABLE "log_messages" DROP CONSTRAINT "log_messages_pkey",
ADD CONSTRAINT "log_messages_pkey" PRIMARY KEY ("operation_id", "id");
