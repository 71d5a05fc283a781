import { graphql } from '../gql';

graphql(`
  fragment ActivityEntry on SignatureActivity {
    id
    kind
    fromStatus
    toStatus
    note
    version
    mutedUntil
    createdAt
    actor {
      id
      name
    }
    assignee {
      id
      name
    }
  }
`);

graphql(`
  fragment SignatureReportRow on FaultReport {
    id
    receivedAt
    severity
    message
    application {
      name
      version
    }
    device {
      id
      model
      firmwareVersion
    }
  }
`);

/** The pages after the first, for "Load more" under the activity and the reports. */
export const ActivityPage = graphql(`
  query SignatureActivityPage($id: ID!, $after: String) {
    signature(id: $id) {
      id
      activity(first: 30, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ActivityEntry
          }
        }
      }
    }
  }
`);

export const ReportsPage = graphql(`
  query SignatureReportsPage($id: ID!, $after: String) {
    signature(id: $id) {
      id
      reports(first: 20, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...SignatureReportRow
          }
        }
      }
    }
  }
`);

export const SignatureDetailQuery = graphql(`
  query SignatureDetail($id: ID!, $bucket: OccurrenceBucketSize!) {
    signature(id: $id) {
      id
      title
      status
      allowedStatuses
      applicationName
      errorCode
      exceptionType
      normalisedMessage
      fingerprint
      groupingConfig
      reportCount
      deviceCount
      firstSeenAt
      lastSeenAt
      mutedAt
      mutedUntil
      mergedInto {
        id
        title
      }
      assignee {
        id
        name
      }
      components {
        id
        value
        contributes
        hint
      }
      sample {
        id
        receivedAt
        message
        stackTrace
        frames {
          function
          module
          file
          line
          inApp
          contributes
          hint
          raw
        }
      }
      breakdowns {
        byApplicationVersion {
          value
          reportCount
          deviceCount
        }
        byModel {
          value
          reportCount
          deviceCount
        }
        byFirmware {
          value
          reportCount
          deviceCount
        }
        byRuntime {
          value
          reportCount
          deviceCount
        }
      }
      occurrences(bucket: $bucket) {
        start
        count
      }
      reports(first: 20) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...SignatureReportRow
          }
        }
      }
      activity(first: 30) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ActivityEntry
          }
        }
      }
      vendorTickets {
        id
        title
        status
        vendor {
          id
          name
        }
        createdAt
      }
      resolutions {
        id
        title
        kind
        status
      }
    }
    me {
      id
    }
  }
`);

export const UpdateSignature = graphql(`
  mutation UpdateSignature($id: ID!, $input: UpdateSignatureInput!) {
    updateSignature(id: $id, input: $input) {
      id
      status
      allowedStatuses
      assignee {
        id
        name
      }
      mutedAt
      mutedUntil
      activity(first: 30) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ActivityEntry
          }
        }
      }
    }
  }
`);

export const MergeSignatures = graphql(`
  mutation MergeSignatures($targetId: ID!, $sourceIds: [ID!]!) {
    mergeSignatures(targetId: $targetId, sourceIds: $sourceIds) {
      id
      reportCount
      deviceCount
    }
  }
`);

export const UnmergeSignature = graphql(`
  mutation UnmergeSignature($id: ID!) {
    unmergeSignature(id: $id) {
      id
      reportCount
      mergedInto {
        id
      }
    }
  }
`);

export const Vendors = graphql(`
  query Vendors {
    vendors {
      id
      name
      disabled
    }
  }
`);

export const PreviewEscalation = graphql(`
  query PreviewEscalation($signatureId: ID!, $vendorId: ID!, $message: String) {
    previewEscalation(signatureId: $signatureId, vendorId: $vendorId, message: $message) {
      message
      vendor {
        id
        name
      }
      evidence {
        title
        reportCount
        deviceCount
        frames {
          function
          file
          line
        }
        byModel {
          value
          reportCount
        }
        samples {
          occurredAt
          errorCode
          message
          device {
            pseudonym
            model
          }
        }
      }
    }
  }
`);

export const EscalateSignature = graphql(`
  mutation EscalateSignature($signatureId: ID!, $vendorId: ID!, $message: String!) {
    escalateSignature(signatureId: $signatureId, vendorId: $vendorId, message: $message) {
      id
      status
    }
  }
`);
