package io.argusvms.merge;

import java.util.List;

/**
 * What a merge did.
 *
 * @param systemId the surviving System
 * @param kept "this" or "remote": whose identity, secret and users won
 * @param usersSkipped users of the merged-away System whose names the survivor already had (the
 *     survivor's user, password and role hold)
 * @param backups the JSON backups written before anything was changed
 */
public record MergeOutcome(String systemId, String name, String kept, String mergedSystemId, int serversAdded,
    int camerasAdded, int usersAdded, List<String> usersSkipped, List<String> backups) {}
