package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/config"
)

// sigV4Service is the signing name of API Gateway, in front of the real Lease API.
const sigV4Service = "execute-api"

// sigV4Signer signs Lease API requests with AWS Signature Version 4.
type sigV4Signer struct {
	signer      *v4.Signer
	credentials aws.CredentialsProvider
	region      string
}

// newSigV4Signer takes credentials and region from cfg, else from the AWS default chain
// (environment, shared config and credentials files, SSO, web identity, container and instance roles).
// Credentials are fetched lazily, on the first signed request, and cached until they expire.
func newSigV4Signer(cfg Config) (*sigV4Signer, error) {
	creds, region := cfg.AWSCredentials, cfg.AWSRegion
	if creds == nil || region == "" {
		var opts []func(*config.LoadOptions) error
		if region != "" {
			opts = append(opts, config.WithRegion(region))
		}
		awsCfg, err := config.LoadDefaultConfig(context.Background(), opts...)
		if err != nil {
			return nil, fmt.Errorf("loading the AWS configuration for SigV4: %w", err)
		}
		if creds == nil {
			creds = awsCfg.Credentials
		}
		region = awsCfg.Region
	}
	if region == "" {
		return nil, errors.New(`lease_api_auth = "sigv4" needs an AWS region: set the provider's aws_region or AWS_REGION`)
	}
	if creds == nil {
		return nil, errors.New("no AWS credentials provider was found for SigV4")
	}
	return &sigV4Signer{signer: v4.NewSigner(), credentials: creds, region: region}, nil
}

// sign (re)signs req for this moment: the retry hook calls it again before every retry, so a
// retry never carries a stale date or expired temporary credentials.
func (s *sigV4Signer) sign(ctx context.Context, req *http.Request, payloadHash string) error {
	creds, err := s.credentials.Retrieve(ctx)
	if err != nil {
		return fmt.Errorf("retrieving AWS credentials for SigV4: %w", err)
	}
	if err := s.signer.SignHTTP(ctx, creds, req, payloadHash, sigV4Service, s.region, time.Now().UTC()); err != nil {
		return fmt.Errorf("signing the request: %w", err)
	}
	return nil
}

// payloadSHA256 is the hex SHA-256 of a request body, which SigV4 signs.
func payloadSHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
