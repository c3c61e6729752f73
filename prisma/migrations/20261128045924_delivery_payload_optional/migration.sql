-- AlterTable
ALTER TABLE "deliveries" ALTER COLUMN "payload" DROP NOT NULL;
