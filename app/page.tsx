import { redirect } from "next/navigation";

// The dashboard starts at Integrations; its layout sends signed-out visitors to log in.
export default function Home() {
  redirect("/integrations");
}
