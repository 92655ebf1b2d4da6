import { Link } from "react-router";

export default function NotFoundPage() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        This page does not exist. <Link to="/">Go to the dashboard</Link>.
      </p>
    </section>
  );
}
