import { handleTrpcRequest } from "@/server/api/http-handler";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
