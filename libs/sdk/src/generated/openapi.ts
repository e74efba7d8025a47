/**
 * The Latchkey API's paths, operations and schemas, generated from docs/openapi.json by
 * openapi-typescript. Do not edit: run `npm run build && node scripts/openapi.mjs`.
 */

export interface paths {
    "/.well-known/audit-checkpoint-keys.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public keys (JWKS) that verify audit checkpoints and retention cuts
         * @description The current key first, then retired ones, which older checkpoints still need. Keep it, and checkpoints, outside Latchkey.
         */
        get: operations["getAuditCheckpointKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Token verification keys */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/decisions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Why the gateway refused a request: the rule, the key and its state then (owners, admins)
         * @description Requires scope `audit:decisions`.
         */
        get: operations["getAdminDecisionsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List keys (filters, cursor); never a secret */
        get: operations["listKeys"];
        put?: never;
        /** Create a key; the only response that holds its secret */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/bulk-revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke many keys by filter: a dry run lists them and stores a plan (15 minutes, single use); executing the plan revokes exactly its keys in one change and reports how many gateway replicas confirmed */
        post: operations["bulkRevokeKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Find the key a secret belongs to (in a body, never a URL): the key of your organisation, never its secret or hash
         * @description The secret is checked for format and checksum, hashed on the server and never stored or logged. A secret of another organisation answers `not_found`, exactly as an unknown one. A revoked or expired key is found, with its status. See ADR 0020.
         */
        post: operations["findKeyBySecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a key; never its secret */
        get: operations["getKey"];
        put?: never;
        post?: never;
        /** Revoke and hide; the audit trail stays */
        delete: operations["deleteKey"];
        options?: never;
        head?: never;
        /** Change name, description, scopes, allowed paths and IPs, rate limit */
        patch: operations["updateKey"];
        trace?: never;
    };
    "/admin/keys/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a dormant key: it works again at once and its dormancy clock restarts; reports how many gateway replicas confirmed */
        post: operations["enableKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}/recommendation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Least privilege: what the key was granted and did not exercise over the last 30 days (scopes, paths, addresses, rate), with a ready PATCH body */
        get: operations["recommendKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke now; reports how many gateway replicas confirmed */
        post: operations["revokeKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New secret; the old one and its access tokens work until grace_seconds (0 = regenerate); reports how many gateway replicas confirmed */
        post: operations["rotateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/keys/{id}/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What the gateway would decide for a request with this key, without making it
         * @description Decided by the gateway’s own decision functions on the key as the gateway holds it: its state, a canary, the route, the IP allow-list, the allowed paths, the scope and the rate limit (read, not taken). Nothing is counted: no usage, no rate-limit token, no audit record (ADR 0023).
         */
        post: operations["simulateKeyRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver a dead-lettered notification again (a fresh round of attempts) */
        post: operations["redeliverNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List notification endpoints; never a secret */
        get: operations["listNotificationEndpoints"];
        put?: never;
        /** Subscribe an HTTPS endpoint to event types; its signing secret is shown once */
        post: operations["createNotificationEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a notification endpoint; never its secret */
        get: operations["getNotificationEndpoint"];
        put?: never;
        post?: never;
        /** Delete an endpoint and its deliveries; nothing more is sent to it */
        delete: operations["deleteNotificationEndpoint"];
        options?: never;
        head?: never;
        /** Change the URL, event types or description of an endpoint */
        patch: operations["updateNotificationEndpoint"];
        trace?: never;
    };
    "/admin/notifications/endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's deliveries (newest first, at most 100) with every attempt */
        get: operations["listNotificationDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/notifications/endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New signing secret, shown once; deliveries from now on are signed with it */
        post: operations["rotateNotificationEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The issuance policy */
        get: operations["getPolicy"];
        /** Replace the issuance policy (audited as policy.updated with the old and new values) */
        put: operations["replacePolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List members */
        get: operations["listUsers"];
        put?: never;
        /** Create a member (never above your own role) */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a member */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /** Remove a member: no more sign-in, every token stops working; their keys stay; reports how many gateway replicas confirmed */
        delete: operations["removeUser"];
        options?: never;
        head?: never;
        /** Change name, role or status; a role or status change ends the member's tokens and reports how many gateway replicas confirmed */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/admin/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a member's password (not your own); every token they held stops working */
        post: operations["resetUserPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List connections */
        get: operations["listWebhookConnections"];
        put?: never;
        /** Create a connection and its path-restricted key (secret shown once) */
        post: operations["createWebhookConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a connection */
        get: operations["getWebhookConnection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}/regenerate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New secret for the connection key; the old one dies at once */
        post: operations["regenerateWebhookConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhooks/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the connection and its key */
        post: operations["revokeWebhookConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Signed chain checkpoints, newest first, and the public key that verifies them
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditCheckpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Query audit events, newest first by default, a page at a time
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export every matching audit event as NDJSON or CSV (streamed, oldest first by default)
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditEventsExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live tail: matching events as they are stored (Server-Sent Events)
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditEventsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/keys/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Requests made with a key, by hour or by day, and by status
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditKeysIdUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recompute the organisation’s hash chain and check its newest signed checkpoint
         * @description Requires scope `audit:read`.
         */
        get: operations["getAuditVerify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: a user token (throttled per account and source, with growing delays) */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password (with the current one): every token you held stops working; the answer holds a new token */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange an API key (or public id + secret) for a short-lived access token; it ends when its secret ends */
        post: operations["exchangeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/security/leaks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report secrets found in public (GitHub secret scanning partner format); a live one is acted on by its organisation's leak_action
         * @description No Latchkey credential: holding a live secret is the proof. When the GitHub-Public-Key-* headers are present the signature over the raw body must verify against a configured reporter key (401 invalid_signature otherwise). Answers one verdict per token, nothing more. Throttled per source.
         */
        post: operations["reportLeaks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices
         * @description Requires scope `invoices:read`.
         */
        get: operations["getV1Invoices"];
        put?: never;
        /**
         * Create an invoice
         * @description Requires scope `invoices:write`.
         */
        post: operations["postV1Invoices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read an invoice
         * @description Requires scope `invoices:read` (or `invoices:read@<id>` bound to this instance).
         */
        get: operations["getV1InvoicesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update an invoice
         * @description Requires scope `invoices:write` (or `invoices:write@<id>` bound to this instance).
         */
        patch: operations["patchV1InvoicesId"];
        trace?: never;
    };
    "/v1/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List leads
         * @description Requires scope `leads:read`.
         */
        get: operations["getV1Leads"];
        put?: never;
        /**
         * Create a lead
         * @description Requires scope `leads:write`.
         */
        post: operations["postV1Leads"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a lead
         * @description Requires scope `leads:read` (or `leads:read@<id>` bound to this instance).
         */
        get: operations["getV1LeadsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a lead
         * @description Requires scope `leads:write` (or `leads:write@<id>` bound to this instance).
         */
        patch: operations["patchV1LeadsId"];
        trace?: never;
    };
    "/v1/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List projects
         * @description Requires scope `projects:read`.
         */
        get: operations["getV1Projects"];
        put?: never;
        /**
         * Create a project
         * @description Requires scope `projects:write`.
         */
        post: operations["postV1Projects"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a project
         * @description Requires scope `projects:read` (or `projects:read@<id>` bound to this instance).
         */
        get: operations["getV1ProjectsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a project
         * @description Requires scope `projects:write` (or `projects:write@<id>` bound to this instance).
         */
        patch: operations["patchV1ProjectsId"];
        trace?: never;
    };
    "/v1/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List transactions
         * @description Requires scope `transactions:read`.
         */
        get: operations["getV1Transactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/transactions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a transaction
         * @description Requires scope `transactions:read` (or `transactions:read@<id>` bound to this instance).
         */
        get: operations["getV1TransactionsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{connection_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest a webhook event
         * @description Requires scope `webhooks:write` (or `webhooks:write@<connection_id>` bound to this instance).
         */
        post: operations["postV1WebhooksConnection_idEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            /**
             * @description A stable error code: match on it, never on the title or detail
             * @enum {string}
             */
            code: "invalid_api_key" | "key_dormant" | "invalid_token" | "insufficient_scope" | "ip_not_allowed" | "path_not_allowed" | "key_quarantined" | "invalid_signature" | "rate_limited" | "invalid_request" | "invalid_credentials" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "method_not_allowed" | "unsupported_media_type" | "uri_too_long" | "headers_too_large" | "request_timeout" | "upstream_unavailable" | "internal_error";
            detail?: string;
            /** @description invalid_request: each field that does not parse (parseInput) */
            errors?: {
                field: string;
                message: string;
            }[];
            request_id?: string;
            status: number;
            title: string;
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Requests allowed per window */
        "RateLimit-Limit": number;
        /** @description Requests left in this window */
        "RateLimit-Remaining": number;
        /** @description Seconds until the window resets */
        "RateLimit-Reset": number;
        /** @description Seconds to wait before trying again */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAuditCheckpointKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            alg?: string;
                            crv?: string;
                            kid?: string;
                            kty: string;
                            use?: string;
                            x?: string;
                        }[];
                    };
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            alg?: string;
                            crv?: string;
                            kid?: string;
                            kty: string;
                            use?: string;
                            x?: string;
                        }[];
                    };
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAdminDecisionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The auth.denied event that holds the record */
                        audit_event_id: string;
                        client_ip: string;
                        /** @description Refusals the record counted (the same decision) */
                        count: number;
                        decision_id: string;
                        /** @description The code the caller was answered with */
                        error_code: string;
                        /** @description The rule in words: which scope was missing, which limit and window, … */
                        explanation: string;
                        /** Format: date-time */
                        first_at: string;
                        gateway: string;
                        /** @description The key the credential named, when it named a known one */
                        key_id: string | null;
                        /** @description The key's state when it was decided on. Never a secret or hash */
                        key_state: {
                            allowed_ips: string[];
                            allowed_paths: string[];
                            canary: boolean;
                            expires_at: string | null;
                            rate_limit: {
                                limit: number;
                                window_seconds: number;
                            };
                            scopes: string[];
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired" | "dormant";
                        } | null;
                        /** Format: date-time */
                        last_at: string;
                        method: string;
                        /** @constant */
                        outcome: "denied";
                        /** @description The first refused request of the record: its path as sent, never the query */
                        path: string;
                        /** @description rate_limited: the key's limit and window */
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        } | null;
                        /**
                         * @description The rule that decided (the real reason; the caller saw only the error code)
                         * @enum {string}
                         */
                        reason: "no_credential" | "malformed" | "bad_checksum" | "in_query" | "unknown_key" | "expired" | "revoked" | "dormant" | "public_id_mismatch" | "invalid_token" | "lookup_failed" | "insufficient_scope" | "path_not_allowed" | "ip_not_allowed" | "rate_limited" | "auth_throttled" | "key_quarantined" | "identity_refused" | "canary" | "role_not_allowed";
                        /** @description The first refused request of the record */
                        request_id: string;
                        /** @description insufficient_scope: the scope the route requires */
                        required_scope: string | null;
                        route: string;
                        status: number;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listKeys: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "active" | "expiring_soon" | "revoked" | "expired" | "dormant";
                expiring_within_days?: number;
                environment?: "live" | "test";
                q?: string;
                canary?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            allowed_ips: string[];
                            allowed_paths: string[];
                            /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                            canary: boolean;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            description: string | null;
                            /** @description When the key was disabled as unused (status dormant); null otherwise */
                            dormant_at: string | null;
                            /** @enum {string} */
                            environment: "live" | "test";
                            expires_at: string | null;
                            /** @description Active and expiring within seven days */
                            expiring_soon: boolean;
                            id: string;
                            last_used_at: string | null;
                            /** @description The last leak report of the key and what was done; null when none */
                            leak: {
                                /**
                                 * @description What the leak policy did
                                 * @enum {string}
                                 */
                                action: "revoke" | "quarantine" | "report";
                                /** @description content, commit, gist, … as the report said (may be empty) */
                                source: string;
                                /** @description The report's token type */
                                type: string;
                                /** @description Where it was found, as the report said (may be empty) */
                                url: string;
                            } | null;
                            /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                            leaked_at: string | null;
                            name: string;
                            prefix: string;
                            public_id: string;
                            /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                            quarantined: boolean;
                            rate_limit: {
                                limit: number;
                                window_seconds: number;
                            };
                            revoked_at: string | null;
                            revoked_reason: string | null;
                            scopes: string[];
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired" | "dormant";
                            /** Format: date-time */
                            updated_at: string;
                            webhook_connection_id: string | null;
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "expires_in_days": 90,
                 *       "name": "CRM sync",
                 *       "scopes": [
                 *         "leads:read"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @default [] */
                    allowed_ips?: string[];
                    /** @default [] */
                    allowed_paths?: string[];
                    /**
                     * @description A canary key (ADR 0024): it grants nothing; any use through the gateway is answered exactly like an unknown key and raises key.canary_tripped. Scopes are optional (a decoy may name some; they are never granted).
                     * @default false
                     */
                    canary?: boolean;
                    description?: string;
                    /**
                     * @default live
                     * @enum {string}
                     */
                    environment?: "live" | "test";
                    expires_at?: string | null;
                    expires_in_days?: 7 | 30 | 60 | 90;
                    name: string;
                    rate_limit?: {
                        limit: number;
                        window_seconds: number;
                    };
                    scopes?: string[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @description The secret, shown this once: store it now */
                        secret: string;
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    bulkRevokeKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "dry_run": true,
                 *       "filter": {
                 *         "last_used_from": "203.0.113.0/24"
                 *       },
                 *       "reason": "leaked CI runner"
                 *     }
                 */
                "application/json": {
                    /** @constant */
                    dry_run: true;
                    filter: {
                        /** Format: date-time */
                        created_after?: string;
                        /** Format: date-time */
                        created_before?: string;
                        created_by?: string;
                        /** @enum {string} */
                        environment?: "live" | "test";
                        ids?: string[];
                        last_used_from?: string;
                        prefix?: string;
                        q?: string;
                        scope?: string;
                        /** @enum {string} */
                        status?: "active" | "expiring_soon" | "expired";
                        /** Format: date-time */
                        unused_since?: string;
                    };
                    reason: string;
                } | {
                    plan_id: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                        /** Format: date-time */
                        created_at: string;
                        /** @constant */
                        dry_run: true;
                        /** Format: date-time */
                        expires_at: string;
                        filter: {
                            [key: string]: unknown;
                        };
                        /** @description Every key the plan revokes; never a secret. */
                        keys: {
                            allowed_ips: string[];
                            allowed_paths: string[];
                            /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                            canary: boolean;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            description: string | null;
                            /** @description When the key was disabled as unused (status dormant); null otherwise */
                            dormant_at: string | null;
                            /** @enum {string} */
                            environment: "live" | "test";
                            expires_at: string | null;
                            /** @description Active and expiring within seven days */
                            expiring_soon: boolean;
                            id: string;
                            last_used_at: string | null;
                            /** @description The last leak report of the key and what was done; null when none */
                            leak: {
                                /**
                                 * @description What the leak policy did
                                 * @enum {string}
                                 */
                                action: "revoke" | "quarantine" | "report";
                                /** @description content, commit, gist, … as the report said (may be empty) */
                                source: string;
                                /** @description The report's token type */
                                type: string;
                                /** @description Where it was found, as the report said (may be empty) */
                                url: string;
                            } | null;
                            /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                            leaked_at: string | null;
                            name: string;
                            prefix: string;
                            public_id: string;
                            /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                            quarantined: boolean;
                            rate_limit: {
                                limit: number;
                                window_seconds: number;
                            };
                            revoked_at: string | null;
                            revoked_reason: string | null;
                            scopes: string[];
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired" | "dormant";
                            /** Format: date-time */
                            updated_at: string;
                            webhook_connection_id: string | null;
                        }[];
                        /** @description Execute exactly these keys with `{ "plan_id": … }` before `expires_at`. */
                        plan_id: string;
                        reason: string;
                    } | {
                        /** @description How many keys this execution revoked. */
                        count: number;
                        /** @constant */
                        dry_run: false;
                        plan_id: string;
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked: {
                            allowed_ips: string[];
                            allowed_paths: string[];
                            /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                            canary: boolean;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            description: string | null;
                            /** @description When the key was disabled as unused (status dormant); null otherwise */
                            dormant_at: string | null;
                            /** @enum {string} */
                            environment: "live" | "test";
                            expires_at: string | null;
                            /** @description Active and expiring within seven days */
                            expiring_soon: boolean;
                            id: string;
                            last_used_at: string | null;
                            /** @description The last leak report of the key and what was done; null when none */
                            leak: {
                                /**
                                 * @description What the leak policy did
                                 * @enum {string}
                                 */
                                action: "revoke" | "quarantine" | "report";
                                /** @description content, commit, gist, … as the report said (may be empty) */
                                source: string;
                                /** @description The report's token type */
                                type: string;
                                /** @description Where it was found, as the report said (may be empty) */
                                url: string;
                            } | null;
                            /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                            leaked_at: string | null;
                            name: string;
                            prefix: string;
                            public_id: string;
                            /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                            quarantined: boolean;
                            rate_limit: {
                                limit: number;
                                window_seconds: number;
                            };
                            revoked_at: string | null;
                            revoked_reason: string | null;
                            scopes: string[];
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired" | "dormant";
                            /** Format: date-time */
                            updated_at: string;
                            webhook_connection_id: string | null;
                        }[];
                        skipped: {
                            id: string;
                            name: string;
                            /**
                             * @description Revoked or deleted between the dry run and the execution.
                             * @enum {string}
                             */
                            reason: "already_revoked" | "deleted";
                        }[];
                    };
                };
            };
            /** @description invalid_request: the filter matches more keys than a plan may hold */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found: no such plan in your organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the plan was already executed, or has expired (run the dry run again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findKeyBySecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "secret": "lk_live_…"
                 *     }
                 */
                "application/json": {
                    secret: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: not a Latchkey secret (its shape or checksum is wrong) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found: no key of your organisation has this secret */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    allowed_ips?: string[];
                    allowed_paths?: string[];
                    description?: string | null;
                    name?: string;
                    rate_limit?: {
                        limit: number;
                        window_seconds: number;
                    };
                    scopes?: string[];
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the key is revoked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enableKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the key is not dormant */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recommendKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        exercised: {
                            ips: string[];
                            /** @description Route labels the key called (`GET /v1/projects/:id`). */
                            routes: string[];
                            /** @description The scopes those routes require. */
                            scopes: string[];
                        };
                        key_id: string;
                        /** Format: date-time */
                        observed_since: string;
                        /** @description A ready PATCH /admin/keys/:id body narrowing the key; empty when nothing can be narrowed. */
                        proposed: {
                            allowed_ips?: string[];
                            allowed_paths?: string[];
                            rate_limit?: {
                                limit: number;
                                window_seconds: number;
                            };
                            scopes?: string[];
                        };
                        rate_limit: {
                            current: {
                                limit: number;
                                window_seconds: number;
                            };
                            /** @description The most requests in one of the key's windows (from per-minute counts). */
                            observed_peak: number;
                            /** @description The peak with 2× headroom, when lower than the current limit. */
                            suggested: {
                                limit: number;
                                window_seconds: number;
                            } | null;
                        };
                        /** @description Requests observed in the window (0: nothing is proposed). */
                        requests: number;
                        /** @description allowed_paths patterns no called route could match. */
                        unmatched_paths: string[];
                        /** @description allowed_ips entries no request came from. */
                        unseen_ips: string[];
                        unused_scopes: string[];
                        window_days: number;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    expires_at?: string | null;
                    expires_in_days?: 7 | 30 | 60 | 90;
                    grace_seconds?: number;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed_ips: string[];
                        allowed_paths: string[];
                        /** @description A canary key (ADR 0024): grants nothing; any use is answered like an unknown key and raises key.canary_tripped */
                        canary: boolean;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        /** @description When the key was disabled as unused (status dormant); null otherwise */
                        dormant_at: string | null;
                        /** @enum {string} */
                        environment: "live" | "test";
                        expires_at: string | null;
                        /** @description Active and expiring within seven days */
                        expiring_soon: boolean;
                        id: string;
                        last_used_at: string | null;
                        /** @description The last leak report of the key and what was done; null when none */
                        leak: {
                            /**
                             * @description What the leak policy did
                             * @enum {string}
                             */
                            action: "revoke" | "quarantine" | "report";
                            /** @description content, commit, gist, … as the report said (may be empty) */
                            source: string;
                            /** @description The report's token type */
                            type: string;
                            /** @description Where it was found, as the report said (may be empty) */
                            url: string;
                        } | null;
                        /** @description When a live secret of the key was last reported found in public (POST /security/leaks) */
                        leaked_at: string | null;
                        name: string;
                        prefix: string;
                        /** Format: date-time */
                        previous_secret_valid_until: string;
                        public_id: string;
                        /** @description Quarantined after a leak: only GET and HEAD pass the gateway (writes: 403 key_quarantined) */
                        quarantined: boolean;
                        rate_limit: {
                            limit: number;
                            window_seconds: number;
                        };
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked_at: string | null;
                        revoked_reason: string | null;
                        scopes: string[];
                        /** @description The secret, shown this once: store it now */
                        secret: string;
                        /** @enum {string} */
                        status: "active" | "revoked" | "expired" | "dormant";
                        /** Format: date-time */
                        updated_at: string;
                        webhook_connection_id: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the key is revoked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    simulateKeyRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "ip": "203.0.113.7",
                 *       "method": "GET",
                 *       "path": "/v1/leads"
                 *     }
                 */
                "application/json": {
                    ip: string;
                    /** @enum {string} */
                    method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
                    path: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error_code: string | null;
                        explanation: string;
                        /** @description The key's state as the gateway decided on it (its cached snapshot). Never a secret. */
                        key_state: {
                            allowed_ips: string[];
                            allowed_paths: string[];
                            canary: boolean;
                            expires_at: string | null;
                            rate_limit: {
                                limit: number;
                                window_seconds: number;
                            };
                            scopes: string[];
                            /** @enum {string} */
                            status: "active" | "revoked" | "expired" | "dormant";
                        };
                        /**
                         * @description allowed: forwarded to the service; denied: refused by the gateway; no_route: answered 404 or 405
                         * @enum {string}
                         */
                        outcome: "allowed" | "denied" | "no_route";
                        rate_limit: {
                            limit: number;
                            remaining: number;
                            window_seconds: number;
                        };
                        reason: ("no_credential" | "malformed" | "bad_checksum" | "in_query" | "unknown_key" | "expired" | "revoked" | "dormant" | "public_id_mismatch" | "invalid_token" | "lookup_failed" | "insufficient_scope" | "path_not_allowed" | "ip_not_allowed" | "rate_limited" | "auth_throttled" | "key_quarantined" | "identity_refused" | "canary" | "role_not_allowed") | null;
                        required_scope: string | null;
                        /** @description The matched route (`GET /v1/projects/:id`) */
                        route: string | null;
                        /** @description The gateway’s answer; null when the request would be forwarded */
                        status: number | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: {
                            attempt: number;
                            /** Format: date-time */
                            attempted_at: string;
                            error: string | null;
                            latency_ms: number;
                            next_attempt_at: string | null;
                            status_code: number | null;
                        }[];
                        /** Format: date-time */
                        created_at: string;
                        delivered_at: string | null;
                        endpoint_id: string;
                        event_id: string;
                        event_type: string;
                        /** @description Also the `webhook-id` header: the same on every attempt */
                        id: string;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "succeeded" | "dead";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the delivery is not dead-lettered */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotificationEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            description: string;
                            event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                            id: string;
                            /** Format: date-time */
                            updated_at: string;
                            url: string;
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createNotificationEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "event_types": [
                 *         "key.leaked",
                 *         "policy.updated"
                 *       ],
                 *       "url": "https://hooks.example.com/latchkey"
                 *     }
                 */
                "application/json": {
                    /** @default  */
                    description?: string;
                    /** @description The event types delivered to this endpoint */
                    event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                    /** @description Where deliveries are POSTed: https, a public address (checked again at each delivery) */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string;
                        event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                        id: string;
                        /** @description The signing secret (`whsec_…`), shown this once: store it now */
                        secret: string;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getNotificationEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string;
                        event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                        id: string;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteNotificationEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateNotificationEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** @description The event types delivered to this endpoint */
                    event_types?: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                    /** @description Where deliveries are POSTed: https, a public address (checked again at each delivery) */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string;
                        event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                        id: string;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotificationDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            attempts: {
                                attempt: number;
                                /** Format: date-time */
                                attempted_at: string;
                                error: string | null;
                                latency_ms: number;
                                next_attempt_at: string | null;
                                status_code: number | null;
                            }[];
                            /** Format: date-time */
                            created_at: string;
                            delivered_at: string | null;
                            endpoint_id: string;
                            event_id: string;
                            event_type: string;
                            /** @description Also the `webhook-id` header: the same on every attempt */
                            id: string;
                            next_attempt_at: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "dead";
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateNotificationEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string;
                        event_types: ("key.expiring" | "key.dormant" | "key.leaked" | "key.canary_tripped" | "keys.bulk_revoked" | "policy.updated")[];
                        id: string;
                        /** @description The signing secret (`whsec_…`), shown this once: store it now */
                        secret: string;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allow_never_expiring_keys: boolean;
                        /** @description Keys unused this many days are disabled as dormant until enabled; null: never */
                        dormant_after_days: number | null;
                        /** @enum {string} */
                        leak_action: "revoke" | "quarantine" | "report";
                        max_key_lifetime_days: number | null;
                        service_token_ttl_seconds: number;
                        user_token_ttl_seconds: number;
                        write_scopes_require_ip_allowlist: boolean;
                    };
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replacePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default true */
                    allow_never_expiring_keys?: boolean;
                    /** @default null */
                    dormant_after_days?: number | null;
                    /**
                     * @default revoke
                     * @enum {string}
                     */
                    leak_action?: "revoke" | "quarantine" | "report";
                    /** @default null */
                    max_key_lifetime_days?: number | null;
                    /** @default 86400 */
                    service_token_ttl_seconds?: number;
                    /** @default 43200 */
                    user_token_ttl_seconds?: number;
                    /** @default false */
                    write_scopes_require_ip_allowlist?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allow_never_expiring_keys: boolean;
                        /** @description Keys unused this many days are disabled as dormant until enabled; null: never */
                        dormant_after_days: number | null;
                        /** @enum {string} */
                        leak_action: "revoke" | "quarantine" | "report";
                        max_key_lifetime_days: number | null;
                        service_token_ttl_seconds: number;
                        user_token_ttl_seconds: number;
                        write_scopes_require_ip_allowlist: boolean;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            created_at: string;
                            email: string;
                            id: string;
                            /** @enum {string} */
                            kind: "human" | "service";
                            name: string;
                            /** @enum {string} */
                            role: "owner" | "admin" | "member" | "viewer";
                            /** @enum {string} */
                            status: "active" | "disabled";
                            /** Format: date-time */
                            updated_at: string;
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: email */
                    email: string;
                    /**
                     * @default human
                     * @enum {string}
                     */
                    kind?: "human" | "service";
                    name: string;
                    password: string;
                    /** @enum {string} */
                    role: "owner" | "admin" | "member" | "viewer";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        email: string;
                        id: string;
                        /** @enum {string} */
                        kind: "human" | "service";
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @enum {string} */
                        status: "active" | "disabled";
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: a user with this email exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        email: string;
                        id: string;
                        /** @enum {string} */
                        kind: "human" | "service";
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @enum {string} */
                        status: "active" | "disabled";
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @constant */
                        removed: true;
                        replicas_confirmed: number;
                        replicas_known: number;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: an organisation keeps at least one active owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    role?: "owner" | "admin" | "member" | "viewer";
                    /** @enum {string} */
                    status?: "active" | "disabled";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        email: string;
                        id: string;
                        /** @enum {string} */
                        kind: "human" | "service";
                        name: string;
                        replicas_confirmed?: number;
                        replicas_known?: number;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @enum {string} */
                        status: "active" | "disabled";
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: an organisation keeps at least one active owner */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetUserPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    new_password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        email: string;
                        id: string;
                        /** @enum {string} */
                        kind: "human" | "service";
                        name: string;
                        replicas_confirmed: number;
                        replicas_known: number;
                        /** @enum {string} */
                        role: "owner" | "admin" | "member" | "viewer";
                        /** @enum {string} */
                        status: "active" | "disabled";
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookConnections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            id: string;
                            /** @description Where the sender posts, e.g. /v1/webhooks/whc_…/events */
                            ingest_path: string;
                            key_id: string;
                            name: string;
                            revoked_at: string | null;
                            /** @enum {string} */
                            status: "active" | "revoked";
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookConnection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @default live
                     * @enum {string}
                     */
                    environment?: "live" | "test";
                    name: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        id: string;
                        /** @description Where the sender posts, e.g. /v1/webhooks/whc_…/events */
                        ingest_path: string;
                        key_id: string;
                        name: string;
                        revoked_at: string | null;
                        /** @description The secret, shown this once: store it now */
                        secret: string;
                        /** @enum {string} */
                        status: "active" | "revoked";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        id: string;
                        /** @description Where the sender posts, e.g. /v1/webhooks/whc_…/events */
                        ingest_path: string;
                        key_id: string;
                        name: string;
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "revoked";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    regenerateWebhookConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        id: string;
                        /** @description Where the sender posts, e.g. /v1/webhooks/whc_…/events */
                        ingest_path: string;
                        key_id: string;
                        name: string;
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked_at: string | null;
                        /** @description The secret, shown this once: store it now */
                        secret: string;
                        /** @enum {string} */
                        status: "active" | "revoked";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict: the connection is revoked */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeWebhookConnection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        id: string;
                        /** @description Where the sender posts, e.g. /v1/webhooks/whc_…/events */
                        ingest_path: string;
                        key_id: string;
                        name: string;
                        replicas_confirmed: number;
                        replicas_known: number;
                        revoked_at: string | null;
                        /** @enum {string} */
                        status: "active" | "revoked";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: a role that may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditCheckpoints: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            chain_seq: number;
                            hash: string;
                            kid: string;
                            signature: string;
                            signed_at: string;
                        }[];
                        public_key: {
                            alg?: string;
                            crv?: string;
                            kid?: string;
                            kty: string;
                            use?: string;
                            x?: string;
                        };
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEvents: {
        parameters: {
            query?: {
                key_id?: string;
                actor?: string;
                type?: "key.created" | "key.updated" | "key.rotated" | "key.revoked" | "key.deleted" | "key.expired" | "key.expiring" | "key.dormant" | "key.enabled" | "key.used" | "key.leaked" | "auth.denied" | "key.canary_tripped" | "user.created" | "user.role_changed" | "user.status_changed" | "user.password_changed" | "user.removed" | "policy.updated" | "token.issued" | "data.changed" | "notification_endpoint.changed" | "keys.bulk_revoked";
                outcome?: string;
                since?: string;
                until?: string;
                limit?: number;
                order?: "desc" | "asc";
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            actor_id: string | null;
                            chain_seq: number;
                            data: {
                                [key: string]: unknown;
                            };
                            hash: string;
                            id: string;
                            key_id: string | null;
                            occurred_at: string;
                            outcome: string | null;
                            received_at: string;
                            seq: number;
                            source: string;
                            subject: string | null;
                            type: string;
                        }[];
                        next_cursor?: string | null;
                    };
                };
            };
            /** @description invalid_request: a filter, limit or cursor that does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEventsExport: {
        parameters: {
            query?: {
                key_id?: string;
                actor?: string;
                type?: "key.created" | "key.updated" | "key.rotated" | "key.revoked" | "key.deleted" | "key.expired" | "key.expiring" | "key.dormant" | "key.enabled" | "key.used" | "key.leaked" | "auth.denied" | "key.canary_tripped" | "user.created" | "user.role_changed" | "user.status_changed" | "user.password_changed" | "user.removed" | "policy.updated" | "token.issued" | "data.changed" | "notification_endpoint.changed" | "keys.bulk_revoked";
                outcome?: string;
                since?: string;
                until?: string;
                format?: "ndjson" | "csv";
                order?: "desc" | "asc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One event per line: a JSON object (NDJSON), or a CSV row after a header row (id, seq, type, occurred_at, received_at, key_id, actor_id, outcome, subject, source, chain_seq, hash, data as JSON) */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditEventsStream: {
        parameters: {
            query?: {
                key_id?: string;
                actor?: string;
                type?: "key.created" | "key.updated" | "key.rotated" | "key.revoked" | "key.deleted" | "key.expired" | "key.expiring" | "key.dormant" | "key.enabled" | "key.used" | "key.leaked" | "auth.denied" | "key.canary_tripped" | "user.created" | "user.role_changed" | "user.status_changed" | "user.password_changed" | "user.removed" | "policy.updated" | "token.issued" | "data.changed" | "notification_endpoint.changed" | "keys.bulk_revoked";
                outcome?: string;
                since?: string;
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events: `id: <seq>`, `event: <type>`, `data: <the event as JSON>`; comments as heartbeats */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description invalid_request: a filter that does not parse, or a Last-Event-ID that is not a seq */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditKeysIdUsage: {
        parameters: {
            query?: {
                period?: "hour" | "day";
                since?: string;
                until?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        buckets: {
                            bucket_start: string;
                            by_status: {
                                [key: string]: number;
                            };
                            requests: number;
                        }[];
                        key_id: string;
                        last_client_ip: string | null;
                        last_used_at: string | null;
                        /** @enum {string} */
                        period: "hour" | "day";
                        total_requests: number;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditVerify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checked: number;
                        checkpoints_checked: number;
                        first_broken: {
                            chain_seq: number;
                            expected: string;
                            id: string;
                            /** @enum {string} */
                            reason: "hash_mismatch" | "prev_hash_mismatch" | "gap" | "checkpoint_mismatch" | "checkpoint_unsigned" | "cut_unsigned" | "cut_discontinuous" | "truncated";
                            stored: string;
                        } | null;
                        from_chain_seq: number;
                        head: {
                            chain_seq: number;
                            hash: string;
                        } | null;
                        latest_checkpoint: {
                            chain_seq: number;
                            hash: string;
                            kid: string;
                            signature: string;
                            signature_valid: boolean;
                            signed_at: string;
                        } | null;
                        legacy_signatures: number;
                        ok: boolean;
                        org_id: string;
                    };
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "owner@acme.example",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJhbGciOiJFZERTQSJ9…",
                     *       "expires_in": 43200,
                     *       "token_type": "Bearer"
                     *     }
                     */
                    "application/json": {
                        access_token: string;
                        /** @description Seconds until the token expires */
                        expires_in: number;
                        /** @constant */
                        token_type: "Bearer";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_credentials: unknown email, wrong password or disabled user */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: too many failed sign-ins for the account or source, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current_password: string;
                    new_password: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description Seconds until the token expires */
                        expires_in: number;
                        replicas_confirmed: number;
                        replicas_known: number;
                        /** @constant */
                        token_type: "Bearer";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_token: missing, malformed, expired or revoked user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden: current_password does not match */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exchangeToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    api_key: string;
                } | {
                    public_id: string;
                    secret: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        access_token: string;
                        /** @description Seconds until the token expires */
                        expires_in: number;
                        scope: string;
                        /** @constant */
                        token_type: "Bearer";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: too many failed exchanges from the source, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportLeaks: {
        parameters: {
            query?: never;
            header?: {
                "Github-Public-Key-Identifier"?: string;
                "Github-Public-Key-Signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example [
                 *       {
                 *         "source": "content",
                 *         "token": "lk_live_…",
                 *         "type": "latchkey_live_secret",
                 *         "url": "https://github.com/octo/app/blob/abc123/.env"
                 *       }
                 *     ]
                 */
                "application/json": {
                    /**
                     * @description content, commit, pull_request, gist, … (may be empty)
                     * @default
                     */
                    source?: string;
                    /** @description The secret as found */
                    token: string;
                    /** @description The reporter's name for the pattern it matched */
                    type: string;
                    /**
                     * @description Where it was found (may be empty)
                     * @default
                     */
                    url?: string;
                }[];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "label": "true_positive",
                     *         "token_raw": "lk_live_…",
                     *         "token_type": "latchkey_live_secret"
                     *       }
                     *     ]
                     */
                    "application/json": {
                        /** @enum {string} */
                        label: "true_positive" | "false_positive";
                        /** @description The token as reported */
                        token_raw: string;
                        /** @description The type as reported */
                        token_type: string;
                    }[];
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_signature: a signature header is present but does not verify against a configured reporter key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: a body over the gateway’s limit (1 MiB) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: too many reports from the source, with Retry-After */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Invoices: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "draft" | "open" | "paid" | "void";
                created_after?: string;
                created_before?: string;
                updated_after?: string;
                updated_before?: string;
                project?: string;
                lead?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            amount_minor: number;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            currency: string;
                            due_date: string | null;
                            id: string;
                            lead_id: string | null;
                            number: string;
                            project_id: string | null;
                            /** @enum {string} */
                            status: "draft" | "open" | "paid" | "void";
                            /** Format: date-time */
                            updated_at: string;
                            updated_by: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Invoices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount_minor: number;
                    currency: string;
                    due_date?: string | null;
                    lead_id?: string | null;
                    number: string;
                    project_id?: string | null;
                    /**
                     * @default draft
                     * @enum {string}
                     */
                    status?: "draft" | "open" | "paid" | "void";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_minor: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        currency: string;
                        due_date: string | null;
                        id: string;
                        lead_id: string | null;
                        number: string;
                        project_id: string | null;
                        /** @enum {string} */
                        status: "draft" | "open" | "paid" | "void";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1InvoicesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_minor: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        currency: string;
                        due_date: string | null;
                        id: string;
                        lead_id: string | null;
                        number: string;
                        project_id: string | null;
                        /** @enum {string} */
                        status: "draft" | "open" | "paid" | "void";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1InvoicesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    amount_minor?: number;
                    currency?: string;
                    due_date?: string | null;
                    lead_id?: string | null;
                    /** @enum {string} */
                    status?: "draft" | "open" | "paid" | "void";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_minor: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        currency: string;
                        due_date: string | null;
                        id: string;
                        lead_id: string | null;
                        number: string;
                        project_id: string | null;
                        /** @enum {string} */
                        status: "draft" | "open" | "paid" | "void";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Leads: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "new" | "contacted" | "qualified" | "won" | "lost";
                created_after?: string;
                created_before?: string;
                updated_after?: string;
                updated_before?: string;
                project?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            company: string | null;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            email: string | null;
                            id: string;
                            name: string;
                            project_id: string | null;
                            source: string | null;
                            /** @enum {string} */
                            status: "new" | "contacted" | "qualified" | "won" | "lost";
                            /** Format: date-time */
                            updated_at: string;
                            updated_by: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Leads: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    company?: string | null;
                    email?: string | null;
                    name: string;
                    project_id?: string | null;
                    source?: string | null;
                    /**
                     * @default new
                     * @enum {string}
                     */
                    status?: "new" | "contacted" | "qualified" | "won" | "lost";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        company: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        email: string | null;
                        id: string;
                        name: string;
                        project_id: string | null;
                        source: string | null;
                        /** @enum {string} */
                        status: "new" | "contacted" | "qualified" | "won" | "lost";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1LeadsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        company: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        email: string | null;
                        id: string;
                        name: string;
                        project_id: string | null;
                        source: string | null;
                        /** @enum {string} */
                        status: "new" | "contacted" | "qualified" | "won" | "lost";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1LeadsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    company?: string | null;
                    email?: string | null;
                    name?: string;
                    source?: string | null;
                    /** @enum {string} */
                    status?: "new" | "contacted" | "qualified" | "won" | "lost";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        company: string | null;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        email: string | null;
                        id: string;
                        name: string;
                        project_id: string | null;
                        source: string | null;
                        /** @enum {string} */
                        status: "new" | "contacted" | "qualified" | "won" | "lost";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Projects: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "active" | "archived";
                created_after?: string;
                created_before?: string;
                updated_after?: string;
                updated_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            description: string | null;
                            id: string;
                            name: string;
                            /** @enum {string} */
                            status: "active" | "archived";
                            /** Format: date-time */
                            updated_at: string;
                            updated_by: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1Projects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    name: string;
                    /**
                     * @default active
                     * @enum {string}
                     */
                    status?: "active" | "archived";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        name: string;
                        /** @enum {string} */
                        status: "active" | "archived";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1ProjectsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        name: string;
                        /** @enum {string} */
                        status: "active" | "archived";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    patchV1ProjectsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    name?: string;
                    /** @enum {string} */
                    status?: "active" | "archived";
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        description: string | null;
                        id: string;
                        name: string;
                        /** @enum {string} */
                        status: "active" | "archived";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1Transactions: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "pending" | "succeeded" | "failed" | "refunded";
                created_after?: string;
                created_before?: string;
                updated_after?: string;
                updated_before?: string;
                project?: string;
                invoice?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            amount_minor: number;
                            /** Format: date-time */
                            created_at: string;
                            created_by: string;
                            currency: string;
                            id: string;
                            invoice_id: string | null;
                            /** Format: date-time */
                            occurred_at: string;
                            project_id: string | null;
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed" | "refunded";
                            /** Format: date-time */
                            updated_at: string;
                            updated_by: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope (also a project-bound grant that does not name the row’s project), path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getV1TransactionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        amount_minor: number;
                        /** Format: date-time */
                        created_at: string;
                        created_by: string;
                        currency: string;
                        id: string;
                        invoice_id: string | null;
                        /** Format: date-time */
                        occurred_at: string;
                        project_id: string | null;
                        /** @enum {string} */
                        status: "pending" | "succeeded" | "failed" | "refunded";
                        /** Format: date-time */
                        updated_at: string;
                        updated_by: string;
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found (including another organisation’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service did not answer or broke off its answer */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    postV1WebhooksConnection_idEvents: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string;
            };
            path: {
                connection_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": unknown;
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connection_id: string;
                        id: string;
                        /** Format: date-time */
                        received_at: string;
                        /** @constant */
                        status: "accepted";
                    };
                };
            };
            /** @description invalid_request: the path, query or body does not parse */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_api_key or invalid_token: missing, malformed, unknown, expired or revoked */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_scope, path_not_allowed or ip_not_allowed */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found: no such active connection of the organisation */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: the body exceeds 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: a body that is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited (the key’s or user’s limit, or too many failed credentials) */
            429: {
                headers: {
                    "RateLimit-Limit": components["headers"]["RateLimit-Limit"];
                    "RateLimit-Remaining": components["headers"]["RateLimit-Remaining"];
                    "RateLimit-Reset": components["headers"]["RateLimit-Reset"];
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the connection could not be checked; retry later */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable: the service is up but cannot reach its database or bus */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description upstream_unavailable (timed out): the service did not answer in time */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
