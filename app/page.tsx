export default function Home() {
  return <main>Switchboard</main>;
}
