/**
 * AWS Secrets Manager on Berth's API port: what agents need to resolve a task definition's
 * {@code repositoryCredentials} (GetSecretValue) and the operations that manage those secrets.
 *
 * <pre>
 *  aws secretsmanager / SDK ─JSON 1.1─▶ SecretsApi ─▶ ValueOps · ReadOps · ListSecretsOp · DeletionOps · TagOps
 *                                                        │ reads: State            │ writes: Committer
 *                                                        ▼                         ▼
 *                                               secrets/&lt;name&gt; records (Secret with its SecretVersions)
 *  SecretPurger (timer) ──▶ Committer: removes secrets whose recovery window ended
 * </pre>
 *
 * Values are kept in the StateStore as they are (the store is local to the control plane); KMS
 * key ids are recorded but no encryption happens.
 */
package io.berth.server.secrets;
