-- AlterTable
ALTER TABLE "events" ADD COLUMN     "note" TEXT;

