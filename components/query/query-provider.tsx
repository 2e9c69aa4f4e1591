"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/**
 * The defaults of a live dashboard. The lists that change are kept current by the `/ui` socket and fetched again on
 * each join of their room, so regaining focus or the network refetches nothing (the socket's reconnect does it); a
 * failed fetch is tried once more.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, refetchOnReconnect: false, retry: 1 },
      mutations: { retry: false },
    },
  });
}

/** The page's one QueryClient, made once per page load (and once per request on the server). */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(makeQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
