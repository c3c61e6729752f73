-- DropIndex
DROP INDEX "pipeline_debounce_entries_run_id_node_id_key";

-- AlterTable
ALTER TABLE "pipeline_steps" DROP CONSTRAINT "pipeline_steps_pkey",
ADD COLUMN     "path" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "pipeline_steps_pkey" PRIMARY KEY ("run_id", "node_id", "path");

-- AlterTable
ALTER TABLE "pipeline_debounce_entries" ADD COLUMN     "path" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE UNIQUE INDEX "pipeline_debounce_entries_run_id_node_id_path_key" ON "pipeline_debounce_entries"("run_id", "node_id", "path");

