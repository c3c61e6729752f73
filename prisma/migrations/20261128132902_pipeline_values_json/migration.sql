-- Values that carry an event's data on through a pipeline (a run's input, each step's
-- input and output, a value waiting at a Debounce node, a pipeline forward's body) are
-- stored as json, as event payloads already are: the text as it came. jsonb refuses an
-- escaped NUL and half of a surrogate pair, which providers' payloads can hold, and a run
-- over such an event failed. Nothing queries inside these values.

-- AlterTable
ALTER TABLE "deliveries" ALTER COLUMN "payload" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "pipeline_runs" ALTER COLUMN "input" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "pipeline_steps" ALTER COLUMN "input" SET DATA TYPE JSON,
ALTER COLUMN "output" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "pipeline_debounce_entries" ALTER COLUMN "value" SET DATA TYPE JSON;

